"""The editors' web interface (`python build.py admin`): Decap CMS behind a login, saving into the repository.

accounts.py keeps the editors and their sessions, cms.py writes Decap's configuration from the field tables,
repo.py validates and commits what an editor saves, server.py answers the browser.
"""
