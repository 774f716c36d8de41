from esmload.cli.main import main

raise SystemExit(main())
