"""Run the stand-in as a built Unity player would be run."""
import sys

from python_bridge.unity.stand_in import main

sys.exit(main())
