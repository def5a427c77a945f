"""``python -m smartskin_gui``: the window, as the ``smartskin`` command starts it."""

from .app import main

raise SystemExit(main())
