"""Run kitpress as ``python -m kitpress``."""

from kitpress.cli import main

raise SystemExit(main())
