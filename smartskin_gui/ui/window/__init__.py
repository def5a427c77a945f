"""The main window and the controllers it assembles: per-photo settings and sync,
export, the paid cloud render, credits in the status bar, editing a catalog's copy in
place, and the quit guard. Each controller is made and connected by the window, which
stays a thin assembly; the engine's changes reach them through the processor's
``engineChanged`` signal, never through the window.
"""
