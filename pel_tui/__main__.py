import sys

from pel_tui.launch import main

sys.exit(main())
