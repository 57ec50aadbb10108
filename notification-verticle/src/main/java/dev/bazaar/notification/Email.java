package dev.bazaar.notification;

import java.util.UUID;

/** A notification's email as it is sent, every time the same: its Message-ID comes from the notification's id. */
record Email(UUID id, String recipient, String subject, String text, String html, int attempt) {
}
