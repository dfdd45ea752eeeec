#!/usr/bin/env python3
"""Check a running Cegah against its own OpenAPI document with schemathesis.

    scripts/api_contract.py --base-url http://127.0.0.1:8000 [--token TOKEN] \
        [--seed 20261206] [--max-seconds 150] [--max-examples 10]

Every operation of `/api/v1/openapi.json` is tried without a token and, with `--token`, with
it: no 5xx, no status code the document does not declare, no response outside its schema or
content type, schema-invalid requests refused, schema-valid ones accepted (except where
validity depends on stored data or today's date: `cegah.api.contract`). Deterministic:
a fixed seed, a bounded number of examples, one worker, no stateful phase. Exits 1 on any
failure, or when the runs do not finish within `--max-seconds`, with a summary at the end.

Meant for a throwaway database (CI's served build): the fuzzed POSTs file junk complaints
(until the rate limit answers 429) and may store reach figures for the token's accounts.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cegah.api.contract import SEED, schemathesis_toml

OPENAPI_PATH = "/api/v1/openapi.json"
_FAILURE_LINE = re.compile(r"^\s*\S*\s*(ST\d{3}) (.+): (\d+)\s*$")


@dataclass
class Pass:
    name: str
    returncode: int
    seconds: float
    failures: list[str]
    timed_out: bool = False


def _command(args: argparse.Namespace, config: Path, token: str | None) -> list[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(config),
        "--no-color",
        "run", args.base_url.rstrip("/") + OPENAPI_PATH,
        "--phases", "examples,coverage,fuzzing",
        "--seed", str(args.seed),
        "--max-examples", str(args.max_examples),
        "--workers", "1",
        "--no-shrink",
        "--suppress-health-check", "all",
        "--wait-for-schema", "60",
        "--request-timeout", "60",
    ]  # fmt: skip
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    return command


def _run(name: str, command: list[str], timeout: float) -> Pass:
    print(f"== {name}: {' '.join(c if 'Bearer' not in c else '<token>' for c in command)}")
    start = time.monotonic()
    try:
        # Fixed arguments built above; the token is passed as one argument, never to a shell.
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=max(timeout, 1), check=False
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout if isinstance(exc.stdout, str) else ""
        print(output[-4000:])
        return Pass(name, 1, time.monotonic() - start, [], timed_out=True)
    print(done.stdout, done.stderr, sep="\n")
    failures = [
        f"{m.group(1)} {m.group(2)}: {m.group(3)}"
        for line in done.stdout.splitlines()
        if (m := _FAILURE_LINE.match(line))
    ]
    return Pass(name, done.returncode, time.monotonic() - start, failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", help="A personal API token (staff operations).")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--max-seconds", type=float, default=150)
    parser.add_argument("--max-examples", type=int, default=10, help="Per operation and phase.")
    args = parser.parse_args(argv)

    deadline = time.monotonic() + args.max_seconds
    tokens: list[tuple[str, str | None]] = [("without a token", None)]
    if args.token:
        tokens.append(("with the token", args.token))
    passes: list[Pass] = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(schemathesis_toml())
        for name, token in tokens:
            command = _command(args, config, token)
            passes.append(_run(name, command, deadline - time.monotonic()))

    print(f"\n== API contract summary (seed {args.seed})")
    for p in passes:
        if p.timed_out:
            verdict = f"FAILED: did not finish within the time budget ({p.seconds:.0f} s)"
        elif p.returncode == 0:
            verdict = f"ok ({p.seconds:.0f} s)"
        else:
            verdict = f"FAILED (exit {p.returncode}, {p.seconds:.0f} s)"
        print(f"- {p.name}: {verdict}")
        for failure in p.failures:
            print(f"    {failure}")
    return 0 if all(p.returncode == 0 and not p.timed_out for p in passes) else 1


if __name__ == "__main__":
    sys.exit(main())
