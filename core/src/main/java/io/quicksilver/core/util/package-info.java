/** Small shared utilities: hashing, glob matching, JSON for resources. Stateless; non-null. */
package io.quicksilver.core.util;
