"""dmgbuild settings: SmartSkin.app next to an Applications link, on a background.

Used by build_dmg.sh:  dmgbuild -s packaging/macos/dmg_settings.py -D app=dist/SmartSkin.app \
    SmartSkin "dist/SmartSkin-<version>-macos-<arch>.dmg"
`defines` is provided by dmgbuild when it runs this file.
"""

import os.path

application = defines["app"]  # type: ignore[name-defined]  # noqa: F821
appname = os.path.basename(application)

format = "UDZO"
filesystem = "HFS+"
files = [application]
symlinks = {"Applications": "/Applications"}
badge_icon = None
icon_locations = {appname: (150, 190), "Applications": (450, 190)}
background = "builtin-arrow"
window_rect = ((200, 120), (600, 400))
default_view = "icon-view"
show_icon_preview = False
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
arrange_by = None
icon_size = 128
text_size = 13
