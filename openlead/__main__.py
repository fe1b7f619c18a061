from openlead.cli import main

main()
