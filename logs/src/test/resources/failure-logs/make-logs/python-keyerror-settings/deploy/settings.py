import os


# @@PAD@@
def load_settings(environ):
    """Reads the deployment settings from the environment."""
    return {
        "database_url": environ["DATABASE_URL"],
        "region": environ.get("DEPLOY_REGION", "eu-central-1"),
        "workers": int(environ.get("WORKERS", "4")),
    }


def current():
    return load_settings(dict(os.environ))
