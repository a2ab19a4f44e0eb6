package org.homeautomation.backup.agent.restic.internal;

import java.security.SecureRandom;

/**
 * Polynomials over GF(2) of degree below 64, one bit a coefficient, as restic's chunker uses them: the repository's
 * {@code chunker_polynomial} is an irreducible polynomial of degree 53, chosen at random when the repository is
 * made.
 */
final class Polynomial {
    static final int DEGREE = 53;
    private static final int MAX_TRIES = 1_000_000;

    private Polynomial() {
    }

    /** The degree: the index of the highest set bit, -1 for the zero polynomial. */
    static int degree(long p) {
        return 63 - Long.numberOfLeadingZeros(p);
    }

    /** The remainder of {@code x} divided by {@code d}. */
    static long mod(long x, long d) {
        if (d == 0) {
            throw new ArithmeticException("division by the zero polynomial");
        }
        int dd = degree(d);
        while (x != 0 && degree(x) >= dd) {
            x ^= d << (degree(x) - dd);
        }
        return x;
    }

    /** {@code a * b mod g}, for {@code a} and {@code b} already reduced mod {@code g} (degree at most 62). */
    static long mulMod(long a, long b, long g) {
        long result = 0;
        a = mod(a, g);
        while (b != 0) {
            if ((b & 1) != 0) {
                result ^= a;
            }
            b >>>= 1;
            a = mod(a << 1, g);
        }
        return mod(result, g);
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long r = mod(a, b);
            a = b;
            b = r;
        }
        return a;
    }

    /**
     * Whether {@code f} is irreducible, by Ben-Or's test: {@code gcd(x^(2^i) - x, f) = 1} for every i up to half the
     * degree.
     */
    static boolean irreducible(long f) {
        int deg = degree(f);
        if (deg < 1 || deg > 62) {
            return false;
        }
        long x = 2; // the polynomial "x"
        long power = x; // x^(2^i) mod f
        for (int i = 1; i <= deg / 2; i++) {
            power = mulMod(power, power, f);
            if (gcd(f, power ^ x) != 1) {
                return false;
            }
        }
        return true;
    }

    /** A random irreducible polynomial of degree {@link #DEGREE}, as {@code restic init} chooses one. */
    static long randomIrreducible(SecureRandom random) {
        for (int i = 0; i < MAX_TRIES; i++) {
            long p = random.nextLong();
            p &= (1L << (DEGREE + 1)) - 1;
            p |= 1L << DEGREE;
            p |= 1; // a polynomial without constant term is divisible by x
            if (irreducible(p)) {
                return p;
            }
        }
        throw new IllegalStateException("No irreducible polynomial found in " + MAX_TRIES + " tries");
    }
}
