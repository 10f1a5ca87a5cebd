"""Long work on the job queue: the ``Job`` row of each piece of work and the functions that start and run it
(``runner``). Low in the layers, so the public side (briefs) and the workspace (publishing, downloads) both use it;
each keeps its own tasks (``briefs.tasks``, ``work.tasks``)."""
