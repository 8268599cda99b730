/**
 * Small shared utilities: hashing, glob matching, JSON for resources, doubles printed as Redis
 * does. Stateless; non-null.
 */
package io.quicksilver.core.util;
