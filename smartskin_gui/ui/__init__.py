"""The window and everything on it: Qt widgets only. Widgets bind to the processor's
signals and to small controllers; they never decode an image (``PIL`` and ``cv2`` are
forbidden here) and never build an HTTP client.

Each setting has one writer, the main window (``remember``, ``open_paths``, ``save_as``,
and what the settings dialog returns); the side panel only emits
``paramsChanged(Params, final)`` and the processor never writes settings.
"""
