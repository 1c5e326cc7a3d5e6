"""The nginx configuration that ``python -m coprog serve`` writes, and its bad input."""

from pathlib import Path

from coprog import cli
from coprog.hosting import cluster


def test_config_is_sticky_and_lists_every_process():
    conf = cluster.nginx_config(Path("/run/x"), "0.0.0.0", 8501, [9001, 9002])
    assert "hash $cookie__streamlit_xsrf consistent;" in conf
    assert conf.count("server 127.0.0.1:") == 2 and "127.0.0.1:9002" in conf
    assert "listen 0.0.0.0:8501;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # overwritten: not chosen by the client
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # websockets pass


def test_serve_refuses_a_wrong_number_of_processes(tmp_path, capsys):
    assert (
        cli.main(["--db", str(tmp_path / "x.db"), "serve", "--processes", "0", "--run-dir", str(tmp_path / "c")]) == 2
    )
    assert "da 1 a 32" in capsys.readouterr().err
    assert not (tmp_path / "c").exists() and not (tmp_path / "x.db").exists()


class Handed:
    """A socket the system binds to the next port of a list (nginx's own among them, as it may)."""

    ports = iter(())

    def __init__(self):
        self.port = 0

    def bind(self, address):
        self.port = next(Handed.ports)

    def getsockname(self):
        return ("127.0.0.1", self.port)

    def close(self):
        pass


def test_the_processes_ports_are_never_nginxs(monkeypatch):
    # the public port is free until nginx binds it: the system may hand it out again to a process
    monkeypatch.setattr(cluster.socket, "socket", Handed)
    Handed.ports = iter([8501, 41000, 41001])
    assert cluster.free_ports(2, taken=8501) == [41000, 41001]
    Handed.ports = iter([41002, 41003])
    assert cluster.free_ports(2) == [41002, 41003]
