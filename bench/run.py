"""make bench: run every module of bench/ (but this one and __init__) against a throw-away
PostgreSQL database and print their figures (``bench/run.py agenda scaling`` runs only
those modules). Each module has ``run(report)``;
``report(name, value, unit)`` prints a row. Figures compared with each other are measured
side by side in the same run."""

import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        chosen = set(sys.argv[1:])
        for path in sorted((ROOT / "bench").glob("*.py")):
            if path.name == "run.py" or path.name.startswith("_"):
                continue
            if chosen and path.stem not in chosen:
                continue
            module = importlib.import_module(f"bench.{path.stem}")
            print(f"\n== {path.stem}: {module.__doc__.strip().splitlines()[0]}")
            started = time.perf_counter()
            module.run(report)
            print(f"   ({time.perf_counter() - started:.1f} s)")
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def report(name, value, unit=""):
    shown = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    print(f"   {name:<58} {shown:>12} {unit}")


if __name__ == "__main__":
    main()
