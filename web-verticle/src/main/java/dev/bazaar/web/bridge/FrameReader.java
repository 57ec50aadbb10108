package dev.bazaar.web.bridge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Cuts the bytes of a TCP bridge connection into frames: a 4-byte big-endian length, then that many bytes. A length
 * over the limit, or below zero, is refused as soon as its 4 bytes are read, before a byte of its frame is kept: no
 * client makes the node hold more than the limit for it. (vertx-tcp-eventbus-bridge 5.0.7's own parser keeps whatever a
 * length announces, up to 2 GiB a connection, which is why {@link TcpConnection} reads with this one.)
 */
final class FrameReader implements Handler<Buffer> {

  private static final int LENGTH_BYTES = 4;

  private final RecordParser parser = RecordParser.newFixed(LENGTH_BYTES);
  private boolean readingLength = true;
  private boolean stopped;

  /**
   * @param frames   gets each whole frame
   * @param tooLarge is told the length of a frame over the limit, once, and nothing is read after it
   */
  FrameReader(int limit, Handler<Buffer> frames, Handler<Integer> tooLarge) {
    parser.handler(record -> {
      if (stopped) {
        return;
      }
      if (!readingLength) {
        readingLength = true;
        parser.fixedSizeMode(LENGTH_BYTES);
        frames.handle(record);
        return;
      }
      int length = record.getInt(0);
      if (length < 0 || length > limit) {
        stopped = true;
        tooLarge.handle(length);
      } else if (length == 0) {
        frames.handle(Buffer.buffer());
      } else {
        readingLength = false;
        parser.fixedSizeMode(length);
      }
    });
  }

  @Override
  public void handle(Buffer bytes) {
    if (!stopped) {
      parser.handle(bytes);
    }
  }
}
