// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/compare.h>

#include <QDialog>

#include <atomic>
#include <memory>
#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace rlab::ui {

/// Simulation > Compare with a Variant: the run so far (its scenario with the session's live changes)
/// against the same with one sysctl set otherwise from the start, both simulated from 0 on a worker
/// thread, then drawn in one chart with the table of what differs at the end; both export for slides.
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    /// `until`: how far both run (the current run's time, at least 1 s).
    CompareDialog(engine::Scenario session, std::uint64_t seed, engine::Tick until, std::uint64_t memoryLimit,
        QWidget* parent = nullptr);
    ~CompareDialog() override;

    /// Chooses the variant (tests; the user picks them in the dialog).
    void setVariant(const QString& sysctl, std::int64_t value);
    /// Starts both runs; comparisonFinished() follows.
    void start();
    bool running() const { return m_thread != nullptr; }
    const std::vector<engine::VariantRun>& runs() const { return m_runs; }
    QTableWidget* table() const { return m_table; }
    QCustomPlot* chart() const { return m_plot; }
    bool exportChart(const QString& path, QString* error);
    bool exportTable(const QString& path, QString* error) const;

Q_SIGNALS:
    void comparisonFinished();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateValueRange();
    void showResults();
    QString chartTitle() const;

    engine::Scenario m_session;
    std::uint64_t m_seed;
    engine::Tick m_until;
    std::uint64_t m_memoryLimit;

    QLabel* m_intro;
    QComboBox* m_sysctl;
    QSpinBox* m_value;
    QLabel* m_valueLabel;
    QPushButton* m_compare;
    QLabel* m_status;
    QCustomPlot* m_plot;
    QTableWidget* m_table;
    QPushButton* m_exportChart;
    QPushButton* m_exportTable;

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel { false };
    std::vector<engine::VariantRun> m_runs; ///< written by the thread, read after it finished
    std::vector<engine::Variant> m_variants;
};

} // namespace rlab::ui
