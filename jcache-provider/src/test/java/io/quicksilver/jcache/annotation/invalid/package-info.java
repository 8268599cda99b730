/** Beans that misuse the annotations: a deployment holding one must fail. Non-null. */
package io.quicksilver.jcache.annotation.invalid;
