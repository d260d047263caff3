import sys

from pel_tui.cli import main

sys.exit(main())
