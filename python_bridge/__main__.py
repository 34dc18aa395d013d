"""`python -m python_bridge` is `vrbridge`."""
import sys

from python_bridge.cli import main

sys.exit(main())
