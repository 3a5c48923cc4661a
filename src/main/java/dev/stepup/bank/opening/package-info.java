/** Opening customer accounts through the operations interface: {@code POST /accounts}, scope {@code bank:operations}. */
package dev.stepup.bank.opening;
