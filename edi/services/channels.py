"""Where the channels' servers are, as the transport layer takes them."""

from config.transport import Endpoint
from edi.models import FtpChannel, SftpChannel


def ftp_endpoint(channel: FtpChannel) -> Endpoint:
    return Endpoint(protocol="ftp", host=channel.host, port=channel.port,
                    username=channel.username, password=channel.password,
                    use_tls=channel.use_tls, ca_certificate=channel.ca_certificate)


def sftp_endpoint(channel: SftpChannel) -> Endpoint:
    return Endpoint(protocol="sftp", host=channel.host, port=channel.port,
                    username=channel.username, password=channel.password,
                    private_key=channel.private_key, host_key=channel.host_key.strip())
