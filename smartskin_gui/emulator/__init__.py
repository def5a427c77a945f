"""A local stand-in for the AILabTools service: the same paths, header, multipart
fields, JSON envelope, error codes and expiring result links (``docs/cloud-api.md``), over
real HTTP on loopback, for tests and demos. Faults are injected over HTTP.
"""
