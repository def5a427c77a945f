"""What shows photos: the before/after split view, the comparison grid and the
filmstrip. Views show what they are given (pixmaps, badges) and say what the user did
(signals); they ask nothing of the processor.
"""
