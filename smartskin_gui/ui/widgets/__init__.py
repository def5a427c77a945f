"""Small widgets the window, views and dialogs are built from: the strength controls
and side panel, presets, the message bar, the batch bar, the theme, action helpers.
They know nothing of the window, views or dialogs (an import contract checks it).
"""
