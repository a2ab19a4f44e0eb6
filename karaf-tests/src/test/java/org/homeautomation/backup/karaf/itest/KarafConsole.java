package org.homeautomation.backup.karaf.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Types commands into Karaf's shell the way a logged-in user does: a session from the shell's
 * {@link SessionFactory}, run as a JAAS subject so that the command ACLs (etc/org.apache.karaf.command.acl.*) apply.
 */
final class KarafConsole implements AutoCloseable {

    /** Karaf's own admingroup: what the karaf user has on a stock installation. */
    static final Subject ADMIN = subject("karaf", "admin", "manager", "viewer", "systembundles");
    /** A user who may look at and make backups but not delete, download or restore them. */
    static final Subject MANAGER = subject("operator", "manager", "viewer");

    private static final long TIMEOUT_SECONDS = 60;

    private final SessionFactory sessionFactory;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    KarafConsole(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Runs a command as the administrator and returns what it printed; fails the test if the command fails. */
    String run(String command) {
        return run(command, "");
    }

    /**
     * Runs a command as the administrator, typing {@code input} at its prompts, and returns what it printed; fails
     * the test if the command fails.
     */
    String run(String command, String input) {
        Result result = execute(ADMIN, command, input);
        if (result.failure != null) {
            throw new AssertionError("'" + command + "' failed: " + result.failure + "\nOutput:\n" + result.output,
                    result.failure);
        }
        return result.output;
    }

    /** Runs a command as the given user; a failure is returned, not thrown. */
    Result execute(Subject user, String command) {
        return execute(user, command, "");
    }

    /** Runs a command as the given user, typing {@code input} at its prompts; a failure is returned, not thrown. */
    Result execute(Subject user, String command, String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // With input, a console session, as the console or ssh -t gives (without a terminal of ours Karaf makes a
        // dumb one on the streams): only those can prompt.
        Session session = input.isEmpty() ? sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out)
                : sessionFactory.create(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out,
                        null, StandardCharsets.UTF_8.name(), () -> {
                        });
        Future<Object> run = executor.submit(
                () -> Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
        Throwable failure = null;
        try {
            run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof PrivilegedActionException p ? p.getException() : e.getCause();
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("'" + command + "' did not end within " + TIMEOUT_SECONDS + " s. Output so far:\n"
                    + bytes.toString(StandardCharsets.UTF_8), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running '" + command + "'", e);
        } finally {
            session.close();
        }
        out.flush();
        return new Result(bytes.toString(StandardCharsets.UTF_8), failure);
    }

    /**
     * The command's completer, as the console calls it when Tab is pressed after {@code line}. Run as the
     * administrator: the shell hides commands the current user may not run, from completion too.
     */
    List<String> complete(String line) {
        CompletionRequest request = new CompletionRequest(line);
        String name = request.arguments().get(0);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), System.out, System.err);
        try {
            List<String> candidates = new ArrayList<>();
            Subject.doAs(ADMIN, (PrivilegedAction<Integer>) () -> session.getRegistry().getCommands().stream()
                    .filter(c -> (c.getScope() + ":" + c.getName()).equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no command " + name + " in the shell's registry"))
                    .getCompleter(true)
                    .complete(session, request, candidates));
            return candidates.stream().map(String::trim).toList();
        } finally {
            session.close();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Subject subject(String user, String... roles) {
        Subject subject = new Subject();
        List<Principal> principals = new ArrayList<>();
        principals.add(new UserPrincipal(user));
        for (String role : roles) {
            principals.add(new RolePrincipal(role));
        }
        subject.getPrincipals().addAll(principals);
        subject.setReadOnly();
        return subject;
    }

    /** What a command printed and, if it failed, why. */
    record Result(String output, Throwable failure) {
    }
}
