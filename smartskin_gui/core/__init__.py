"""SmartSkin's Qt-free core, in areas a newcomer can guess.

- :mod:`.photo`, :mod:`.params`, :mod:`.errors`, :mod:`.progress`, :mod:`.resources`,
  :mod:`.workpool`: the small shared vocabulary (a decoded photo, the two strengths, every
  error with its sentence, progress/cancel callables, bundled files, the worker pool).
- :mod:`.io`: files in and out (read, decode, formats, colour, 16-bit depth, metadata,
  atomic writes, the one save).
- :mod:`.cloud`: the AILabTools client and what belongs to it (transport, the service's
  answers, URL policy, credits, fitting to the service's limits, paid results on disk).
- :mod:`.state`: what SmartSkin remembers (app settings and the key, per-photo settings,
  presets, the photo being worked on, results rendered this session, edit targets).
- :mod:`.engine`: the engine contract, the registry, the cloud and local engines.
- :mod:`.batch`: many photos at once (the runner, export names, time left).

Imports go downward only: ``batch`` > ``engine`` > ``state`` > ``cloud`` > ``io`` > the
shared modules (checked by import-linter in ``make lint``).
"""
