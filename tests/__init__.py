"""``tests/unit`` (core, no Qt), ``tests/engine`` (the local engine, measured on generated
and public-domain photos), ``tests/integration`` (the emulator and hostile servers over
loopback HTTP, the CLI as a process), ``tests/gui`` (pytest-qt, offscreen). In ``tests/gui``
a fixture fails any test that leaves a QTimer, QThread or worker pool running, and says
where it was started; Qt warnings fail a test too. ``tests/gui/test_processor.py`` tests the
processor's promises with a fake engine.

Timings live in ``tests/bench`` (``make bench`` prints figures and ratios measured in one
run), never as asserts in the suite: the machines are shared and noisy.
"""
