"""Background work through Django's tasks API (the django-tasks backport).

Inline (ImmediateBackend) on the embedded default so a new user needs no worker; a database-backed
queue with ``eropaf db_worker`` processes in production. See docs/adr/0002-task-queue.md.
"""

from eropaf.config.settings.env import env_str

TASK_BACKEND = env_str("TASK_BACKEND", "immediate")

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASK_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default", "imports", "matching", "letters", "purges"],
    }
}
