package dev.bazaar.notification;

import dev.bazaar.contracts.notification.NotificationKind;

/** A notification as written for one customer about one order: its subject and its text and HTML bodies. */
record Letter(String customerId, String orderId, NotificationKind kind, String subject, String text, String html) {
}
