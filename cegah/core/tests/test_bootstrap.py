from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bootstrap_explains_when_no_suitable_python_exists(tmp_path: Path) -> None:
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")  # a Python that is "too old"
    fake.chmod(0o755)
    result = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "find-python.sh")],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "Cegah needs Python 3.12 or newer" in result.stderr
    assert "Traceback" not in result.stderr


def test_bootstrap_finds_a_python_of_at_least_3_12() -> None:
    result = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "find-python.sh")],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "True"
