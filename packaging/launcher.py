"""Entry point of the frozen app: `SmartSkin [photos...]`, `SmartSkin --self-test`."""

import sys

from smartskin_gui.app import main

if __name__ == "__main__":
    sys.exit(main())
