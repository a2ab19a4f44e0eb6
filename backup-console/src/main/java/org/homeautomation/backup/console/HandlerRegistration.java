package org.homeautomation.backup.console;

import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventHandler;

/** Registers a command's event handler for as long as the command waits. */
final class HandlerRegistration {
    private HandlerRegistration() {
    }

    /**
     * @param context the bundle context to register with
     * @param handler the handler
     * @param properties its topics and filter
     * @return what unregisters it; closing it after the bundle stopped does nothing
     */
    static AutoCloseable register(BundleContext context, EventHandler handler, Dictionary<String, Object> properties) {
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, handler,
                properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle stopped while the command waited; its services are gone with it.
            }
        };
    }
}
