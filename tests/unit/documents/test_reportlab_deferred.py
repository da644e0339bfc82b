"""Every printed document imports reportlab only when a PDF is made: importing the
modules (as the Handouts dialog's list does) leaves it unloaded, so opening Help or the
app never pays for it."""

import subprocess
import sys
from pathlib import Path

MODULES = (
    "awareness_sessions",
    "charts.route_chart",
    "group_templates",
    "intro_slides",
    "leaflets",
    "pdf_kit",
    "policy",
    "route_chart_pdf",
    "training_pack",
)


def test_no_document_module_imports_reportlab_until_a_pdf_is_made():
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module('app.documents.' + name)\n"
        "    if any(m.startswith('reportlab') for m in sys.modules):\n"
        "        sys.exit(name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).parents[3],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
