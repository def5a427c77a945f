"""The dialogs: settings, export, Save As, keyboard shortcuts and the end-of-batch
summary. Each returns what the user chose; the window or a controller acts on it.
"""
