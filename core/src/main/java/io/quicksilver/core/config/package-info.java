/**
 * Configuration parameters by their redis.conf names, shared by CONFIG GET/SET, redis.conf files,
 * command-line flags and MicroProfile Config. Non-null unless stated; thread-safe.
 */
package io.quicksilver.core.config;
