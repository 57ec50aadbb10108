import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;

/**
 * Writes the private key of a PKCS#12 keystore's first entry as PEM (PKCS#8), which keytool cannot do: with-shop.js
 * makes the shop's self-signed certificate with keytool, and the shop's --tls-key takes PEM.
 *
 *   java scripts/PemKey.java KEYSTORE PASSWORD OUT.pem
 */
public class PemKey {

  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      store.load(in, password);
    }
    Key key = store.getKey(store.aliases().nextElement(), password);
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    Files.writeString(Path.of(args[2]), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }
}
