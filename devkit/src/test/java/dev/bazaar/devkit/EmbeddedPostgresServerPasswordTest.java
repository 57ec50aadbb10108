package dev.bazaar.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL lets in no other user of the machine: every client must give the superuser's password,
 * which is made on a data directory's first start and kept in it for its owner alone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerPasswordTest {

  /** The PostgreSQL protocol's authentication requests: trust lets the client in, SASL asks for SCRAM. */
  private static final int AUTHENTICATION_OK = 0;
  private static final int AUTHENTICATION_SASL = 10;

  @TempDir
  Path temp;

  @Test
  void aClientWithoutThePasswordIsRefusedOverLoopbackAndOneWithItIsLetIn() throws Exception {
    Path directory = temp.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThatThrownBy(() -> connect(server.port(), null)).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(server.port(), "not-the-password")).isInstanceOf(SQLException.class);

      String kept = Files.readString(EmbeddedPostgresServer.passwordFile(directory)).strip();
      assertThat(kept).isEqualTo(server.password()).hasSize(64);
      assertThat(query(server.port(), kept, "SELECT current_user")).isEqualTo("postgres");
      assertThat(server.uri()).isEqualTo("postgresql://postgres:" + kept + "@localhost:" + server.port() + "/postgres");
    }
  }

  @Test
  void itListensOnLoopbackOnly() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("pg"))) {
      assertThat(query(server.port(), server.password(), "SHOW listen_addresses")).isEqualTo("127.0.0.1,::1");
    }
  }

  @Test
  void theUnixSocketAsksForThePasswordToo() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("pg"))) {
      String directories = query(server.port(), server.password(), "SHOW unix_socket_directories");
      Path socket = Path.of(directories.split(",")[0].strip()).resolve(".s.PGSQL." + server.port());
      assertThat(socket).exists();

      assertThat(authenticationRequestedOver(socket)).as("0 lets the client in; 10 asks for SCRAM")
        .isNotEqualTo(AUTHENTICATION_OK).isEqualTo(AUTHENTICATION_SASL);
    }
  }

  @Test
  void thePasswordFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
    Path directory = temp.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      Path file = EmbeddedPostgresServer.passwordFile(directory);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(Files.getOwner(file).getName()).isEqualTo(System.getProperty("user.name"));
      assertThat(file.getParent()).isEqualTo(directory);
    }
  }

  @Test
  void aTemporaryServerAsksForItsPasswordToo() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary()) {
      assertThatThrownBy(() -> connect(server.port(), null)).isInstanceOf(SQLException.class);
      assertThat(query(server.port(), server.password(), "SELECT current_user")).isEqualTo("postgres");
    }
  }

  @Test
  void aRestartOnTheSameDirectoryKeepsThePassword() throws Exception {
    Path directory = temp.resolve("pg");
    String first;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      first = server.password();
      execute(server.port(), first, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
    }

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(server.password()).isEqualTo(first);
      assertThat(query(server.port(), first, "SELECT id FROM kept")).isEqualTo("7");
      assertThatThrownBy(() -> connect(server.port(), null)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aDirectoryMadeBeforePasswordsIsLockedOnStartAndKeepsItsData() throws Exception {
    Path directory = temp.resolve("pg");
    // As Bazaar made data directories before: the library's initdb trusts every local connection, and no password.
    try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(directory)
      .setCleanDataDirectory(false).start()) {
      execute(trusting.getPort(), null, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
    }
    assertThat(Files.readString(directory.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust$");
    assertThat(EmbeddedPostgresServer.passwordFile(directory)).doesNotExist();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThatThrownBy(() -> connect(server.port(), null)).isInstanceOf(SQLException.class);
      assertThat(Files.readString(EmbeddedPostgresServer.passwordFile(directory)).strip()).isEqualTo(server.password());
      assertThat(query(server.port(), server.password(), "SELECT id FROM kept")).isEqualTo("42");
    }

    // and it stays locked once restarted
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThatThrownBy(() -> connect(server.port(), null)).isInstanceOf(SQLException.class);
      assertThat(query(server.port(), server.password(), "SELECT id FROM kept")).isEqualTo("42");
    }
  }

  @Test
  void aPasswordFileOthersCouldReadIsMadeItsOwnersOnlyAgainAsIsItsDirectory() throws Exception {
    Path directory = temp.resolve("pg");
    Path file = EmbeddedPostgresServer.passwordFile(directory);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(file).exists();
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
      assertThat(query(server.port(), server.password(), "SELECT current_user")).isEqualTo("postgres");
    }
  }

  @Test
  void aDirectoryThatAsksForAPasswordWhoseFileIsGoneIsRefusedWithWhatToDo() throws Exception {
    Path directory = temp.resolve("pg");
    Path file = EmbeddedPostgresServer.passwordFile(directory);
    String password;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      password = server.password();
    }
    Files.delete(file);

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory))
      .isInstanceOf(IllegalStateException.class)
      .hasMessage("PostgreSQL in " + directory.toRealPath() + " asks for a password, but "
        + EmbeddedPostgresServer.passwordFile(directory.toRealPath()) + " is gone; restore it");

    Files.writeString(file, password + "\n");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(query(server.port(), password, "SELECT current_user")).isEqualTo("postgres");
    }
  }

  /** Sends a startup message over the Unix socket and returns which authentication the server asks for. */
  private static int authenticationRequestedOver(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length)
        .putInt(8 + parameters.length).putInt(3 << 16).put(parameters).flip(); // protocol 3.0
      while (startup.hasRemaining()) {
        channel.write(startup);
      }
      ByteBuffer reply = ByteBuffer.allocate(9); // type, length, then the authentication request's code
      while (reply.hasRemaining() && channel.read(reply) >= 0) {
        // reads until the request is whole or the server hangs up
      }
      assertThat((char) reply.get(0)).as("an authentication request").isEqualTo('R');
      return reply.getInt(5);
    }
  }

  private static Connection connect(int port, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
  }

  private static String query(int port, String password, String sql) throws SQLException {
    try (Connection connection = connect(port, password); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static void execute(int port, String password, String sql) throws SQLException {
    try (Connection connection = connect(port, password); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
