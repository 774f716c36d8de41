from esmload.cli.main import run

run()
