"""Running the app on a host: several Streamlit processes behind nginx, TCP_NODELAY on the
server's socket, and which address the delegates' laptops reach (the links we print).

May use: coprog.config, coprog.texts, coprog.storage."""
