/**
 * Helpers of the string commands ({@link io.quicksilver.core.command.StringCommands}): the LCS
 * algorithm. Stateless functions over arrays the caller owns; parameters and results are
 * non-null unless documented.
 */
package io.quicksilver.core.command.strings;
