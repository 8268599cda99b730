/**
 * Small shared utilities: hashing, glob matching, JSON for resources, doubles printed as Redis
 * does, Java serialization resolving classes in an application's loader. Stateless; non-null
 * (except where a parameter says otherwise, such as an absent class loader).
 */
package io.quicksilver.core.util;
