import os

from django.core.wsgi import get_wsgi_application

from migrights.lib.system import tune_allocator

tune_allocator()  # before the application loads its tables and the server starts its threads (docs/operations.md)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
application = get_wsgi_application()
