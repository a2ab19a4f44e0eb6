package org.homeautomation.backup.itest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.homeautomation.backup.api.BackupEvents;
import org.homeautomation.backup.testsupport.Await;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Records the manager's events, as a console or web page listening on {@code org/homeautomation/backup/*} would see
 * them.
 */
public final class EventRecorder implements EventHandler {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    /**
     * Registers a recorder for every backup topic.
     *
     * @param osgi the test's framework access
     * @return the recorder, unregistered after the test
     */
    public static EventRecorder register(Osgi osgi) {
        EventRecorder recorder = new EventRecorder();
        osgi.register(EventHandler.class, recorder,
                Map.of(EventConstants.EVENT_TOPIC, new String[] { BackupEvents.TOPIC_PREFIX + "*" }));
        return recorder;
    }

    @Override
    public void handleEvent(Event event) {
        events.add(event);
    }

    /**
     * @param topic a topic
     * @return the events of that topic received so far, in order
     */
    public List<Event> events(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).collect(Collectors.toList());
    }

    /**
     * @param topic a topic
     * @param backupId a backup id
     * @return the events of that topic about that backup received so far, in order
     */
    public List<Event> events(String topic, String backupId) {
        return events(topic).stream().filter(e -> backupId.equals(e.getProperty(BackupEvents.BACKUP_ID)))
                .collect(Collectors.toList());
    }

    /**
     * Waits for an event; events are delivered asynchronously.
     *
     * @param what the event, for the failure message
     * @param topic its topic
     * @param matches which event of the topic
     * @return the first matching event
     */
    public Event await(String what, String topic, Predicate<Event> matches) {
        return Await.value(what + " (events on " + topic + " so far: " + describe(events(topic)) + ")",
                () -> events(topic).stream().filter(matches).findFirst().orElse(null), e -> e != null,
                Await.DEFAULT);
    }

    /**
     * @param events events
     * @return their topics and properties, for failure messages
     */
    public static String describe(List<Event> events) {
        return events.stream().map(e -> {
            StringBuilder s = new StringBuilder(e.getTopic().substring(BackupEvents.TOPIC_PREFIX.length()));
            s.append('{');
            for (String name : e.getPropertyNames()) {
                if (!name.equals(EventConstants.EVENT_TOPIC)) {
                    Object value = e.getProperty(name);
                    s.append(name).append('=').append(value instanceof String[] a ? List.of(a) : value).append(' ');
                }
            }
            return s.append('}').toString();
        }).collect(Collectors.joining(", ", "[", "]"));
    }
}
