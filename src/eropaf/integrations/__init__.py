"""Connections to systems outside Eropaf. Each is a typed Protocol with a real client and a local
stand-in; settings choose which one the application uses."""
