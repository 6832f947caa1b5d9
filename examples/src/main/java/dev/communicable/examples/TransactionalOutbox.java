package dev.communicable.examples;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.jdbc.JdbcOutbox;
import dev.communicable.jdbc.JdbcStores;
import dev.communicable.memory.RecordingChannelAdapter;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * The transactional outbox: the application saves an order in its own table and queues the order's
 * confirmation in the same database transaction, through {@code
 * communication.within(JdbcOutbox.of(connection))}. The notification exists if and only if the
 * order does: the first order commits, so its email is sent; the second is rolled back (its payment
 * is declined), so no message, delivery or email is left of it.
 *
 * <p>Runs on the embedded H2 database, like the quickstart. Run it with {@code ./mvnw -q -B
 * -Poutbox -pl examples -am package -DskipTests}.
 */
public final class TransactionalOutbox {
  private static final String TENANT = "acme";

  private TransactionalOutbox() {}

  public static void main(String[] args) throws SQLException {
    run(System.out);
  }

  /** Runs the scenario, printing to {@code out}. */
  static void run(PrintStream out) throws SQLException {
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    try (JdbcStores stores = JdbcStores.h2Embedded("outbox-example").migrate();
        Communication comms =
            Communication.builder()
                .stores(stores)
                .adapter(email)
                .workers(0) // this script dispatches on its own thread
                .workerId("outbox-example")
                .build()) {
      try (Connection c = stores.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "create table orders (id varchar(20) primary key, customer varchar(40) not null,"
                + " total varchar(20) not null)");
      }

      Receipt committed = placeOrder(stores, comms, "A-1001", "ada", "£42.00", true);
      out.println("Order A-1001 saved and committed, confirmation " + committed.messageId());
      Receipt rolledBack = placeOrder(stores, comms, "A-1002", "grace", "£99.00", false);
      out.println(
          "Order A-1002 rolled back (payment declined), confirmation was "
              + rolledBack.messageId());

      out.println();
      out.println("Orders in the application's table");
      try (Connection c = stores.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id, customer, total from orders order by id")) {
        while (rs.next()) {
          out.printf("  %s  %s  %s%n", rs.getString(1), rs.getString(2), rs.getString(3));
        }
      }

      out.println();
      out.println("Confirmations queued");
      for (Receipt r : new Receipt[] {committed, rolledBack}) {
        try {
          out.printf(
              "  %s  deliveries: %s%n",
              r.messageId(),
              comms.deliveries(TENANT, r.messageId()).stream()
                  .map(d -> d.channel() + " " + d.state())
                  .toList());
        } catch (NotFoundException e) {
          out.printf("  %s  none: it went with the rollback%n", r.messageId());
        }
      }

      int processed = comms.dispatchDue();
      out.println();
      out.println("Dispatched " + processed + "; emails sent:");
      for (OutboundMessage m : email.sent()) {
        out.printf("  to %s: %s%n", m.address(), m.content().subject());
      }
    }
  }

  /**
   * Saves an order and queues its confirmation in one transaction, then commits it, or rolls it
   * back as the application would when a later step of the same unit of work fails.
   */
  private static Receipt placeOrder(
      JdbcStores stores,
      Communication comms,
      String orderId,
      String customer,
      String total,
      boolean paymentAccepted)
      throws SQLException {
    try (Connection conn = stores.dataSource().getConnection()) {
      conn.setAutoCommit(false);
      try {
        try (PreparedStatement insert =
            conn.prepareStatement("insert into orders (id, customer, total) values (?, ?, ?)")) {
          insert.setString(1, orderId);
          insert.setString(2, customer);
          insert.setString(3, total);
          insert.executeUpdate();
        }
        Receipt receipt =
            comms
                .within(JdbcOutbox.of(conn))
                .send(
                    Notification.event("order.placed")
                        .to(
                            new Recipient(
                                customer,
                                TENANT,
                                Map.of(ChannelType.EMAIL, customer + "@example.com"),
                                Locale.ENGLISH,
                                ZoneId.of("UTC")))
                        .channels(ChannelType.EMAIL)
                        .content(
                            Content.builder()
                                .subject("Order {{order}} confirmed")
                                .text("Thank you, we received {{total}} for order {{order}}.")
                                .build())
                        .data("order", orderId)
                        .data("total", total));
        if (paymentAccepted) {
          conn.commit();
        } else {
          conn.rollback();
        }
        return receipt;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    }
  }
}
