"""The load test: many case workers at once against a real HTTP server on loopback.

Used by ``eropaf bench_load`` only. ``accounts`` makes sure the demo region and the simulated case
workers' accounts are there; ``processes`` starts and stops the served process (gunicorn) and runs
the load; ``driver`` is the load itself, a child process with locust (``python -m
eropaf.demo.load_bench.driver``) doing what ``workday`` says a case worker does; ``report`` turns
locust's statistics into the figures and writes them into docs/performance.md.

Nothing is imported here: the driver's process must let gevent patch the standard library before
anything else is loaded, and it never loads Django.
"""
