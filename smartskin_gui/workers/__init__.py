"""Qt glue between the window and the core: typed jobs on thread pools and the
processor the window talks to. Workers never touch widgets: they emit ``QImage`` (never
``QPixmap``) and the core's objects.

A slider move, to the screen and to a file:

1. ``StrengthControl.changed`` -> ``SidePanel.paramsChanged(Params, final=False)`` while
   dragging -> ``Processor.set_params``, and the photos controller (the photo's own
   settings, its "edited" badge).
2. The processor's ``PhotoSession`` records the settings; the ``PreviewScheduler`` asks for
   a live preview. If one is already rendering, the request only marks it dirty: ten ticks
   during one render make one more render, with the latest settings.
3. ``RenderPreview`` runs the free preview engine on the screen-sized preview and returns a
   ``QImage``. Its continuation asks ``PhotoSession.accept(path, params, engine, full)``; a
   result for settings the user has left is dropped there and nowhere else. Accepted
   results go out as ``resultReady`` to the split view.
4. On release (``final=True``) the scheduler waits a moment (350 ms), then ``RenderFull``
   runs the local engine on the full photo (with the cloud chosen too: it is free), caches
   the result by ``ResultKey`` (the photo, its file's size and time when it loaded, the
   engine, the settings) and goes through the same check.
5. Save: the window picks the target and calls ``Processor.save(SaveRequest)``. With a
   cached result of the chosen engine ``SaveResult`` writes it at once; otherwise that
   engine's full render starts (with the cloud: the paid call; a cancelled render never
   counts as on its way) and the save follows it, with the settings of the moment Save was
   pressed even if a slider moves meanwhile.
6. Export: the export controller runs ``ExportPhotos`` (the core's ``run_batch``, each photo
   with its own settings) on its own runner; each photo's end updates the batch bar and the
   photo's badge; the summary offers "Retry failed".

``make mutate`` breaks each of these promises in turn (each marked ``# promise: <name>`` in
the code) and fails unless a test notices.
"""
