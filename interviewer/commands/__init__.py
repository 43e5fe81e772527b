"""Groups of `interviewer` subcommands kept out of `interviewer.cli`: the evaluations (`evals`: `eval ...`) and the
operator's accounts (`users`: `users ...`). Like the CLI, each builds its dependencies and calls the core."""
