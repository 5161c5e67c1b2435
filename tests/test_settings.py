"""One typed settings object: a bad value is one sentence naming the variable, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tools.seedfiles import REPO


@pytest.mark.parametrize("variable,value", [("ORGRAPH_BOLT_PORT", "99999"), ("ORGRAPH_STAGED_ABOVE", "abc"),
                                            ("ORGRAPH_HEAP", "lots"), ("ORGRAPH_PURGE_GRACE", "-1")])
def test_a_bad_setting_is_one_sentence_exit_2(variable, value):
    env = dict(os.environ, **{variable: value})
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "load", "--dry-run", "seed/kite.yaml"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {variable}: ")
    assert proc.stdout == ""
